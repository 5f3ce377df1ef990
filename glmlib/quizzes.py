"""The question bank: one multiple-choice question per chapter 0-6 and 8.

Chapter 7 has a lab instead of a quiz and chapter 9 is a summary. Where a
chapter warns about a common misconception, that misconception is one of
the wrong options, and its explanation says what is wrong with it.

``quiz_for_chapter(n)`` returns a ready ``Quiz`` widget (introduced in
chapter 0).
"""

from .ui.quiz import Option, Question, Quiz

QUESTIONS = {
    0: Question(
        chapter=0,
        prompt=(
            "Training linear regression and training logistic regression both end "
            "in the update $\\theta_j \\leftarrow \\theta_j + \\alpha\\,"
            "(y - h(x))\\,x_j$. Why does the course treat this as important?"
        ),
        options=(
            Option(
                "Both models use the same learning rate $\\alpha$, so their updates "
                "are bound to look alike.",
                False,
                "The learning rate is only a step size; any value leaves the shape "
                "$(y - h(x))\\,x_j$ untouched. The match is in the shape, and that "
                "needs a deeper reason.",
            ),
            Option(
                "It hints that both models are special cases of one larger family "
                "of models, whose shared structure forces the shared update.",
                True,
                "A match this exact is rarely luck. Both are generalized linear "
                "models, and chapter 8 shows every GLM's log-likelihood gradient "
                "has the form $(y - h(x))\\,x_j$.",
            ),
            Option(
                "It shows that squared error and cross-entropy are the same loss "
                "function in different notation.",
                False,
                "They are different losses: squared error comes from a Gaussian "
                "likelihood, cross-entropy from a Bernoulli one. Their gradients "
                "agree in shape although the losses differ.",
            ),
            Option(
                "It means logistic regression can be fitted by ordinary least "
                "squares on the 0/1 labels.",
                False,
                "Least squares on 0/1 labels fits a straight line, which leaves "
                "$[0, 1]$. The shared update still contains each model's own "
                "prediction $h(x)$: a sigmoid for logistic regression.",
            ),
        ),
    ),
    1: Question(
        chapter=1,
        prompt=(
            "In $p(y;\\eta) = b(y)\\,\\exp\\big(\\eta\\,T(y) - a(\\eta)\\big)$, "
            "what does the natural parameter $\\eta$ do?"
        ),
        options=(
            Option(
                "It keeps the total probability equal to one.",
                False,
                "That is the job of the log-partition $a(\\eta)$, which is "
                "subtracted in the exponent so that the density integrates (or "
                "the masses sum) to one.",
            ),
            Option(
                "It is the summary of the data $y$ that enters the exponent.",
                False,
                "That is the sufficient statistic $T(y)$; for the Gaussian, the "
                "Bernoulli and the Poisson it is simply $y$.",
            ),
            Option(
                "It is the single knob that picks one member of the family: it "
                "multiplies $T(y)$ in the exponent, and changing it reshapes the "
                "distribution.",
                True,
                "Fix $b$, $T$ and $a$ and you have a family; each value of "
                "$\\eta$ is one distribution in it. A GLM later makes $\\eta$ "
                "depend on the features.",
            ),
            Option(
                "It only appears in a few unusual distributions that practitioners "
                "seldom meet.",
                False,
                "This is the common misconception. Gaussian, Bernoulli, binomial, "
                "Poisson, gamma, exponential, beta, Dirichlet and categorical all "
                "have this form; outsiders such as the Cauchy are the exceptions.",
            ),
        ),
    ),
    2: Question(
        chapter=2,
        prompt=(
            "Write the Gaussian with $\\sigma = 1$ in exponential-family form. "
            "What is its natural parameter $\\eta$?"
        ),
        options=(
            Option(
                "Its variance $\\sigma^2$.",
                False,
                "The spread ends up in the base measure $b(y)$, which does not "
                "involve $\\eta$. That is why fixing it at one costs nothing.",
            ),
            Option(
                "$\\mu^2/2$.",
                False,
                "That is the log-partition $a(\\eta) = \\eta^2/2$ evaluated at "
                "$\\eta = \\mu$, the normalizer, not the natural parameter.",
            ),
            Option(
                "Nothing in particular: rewriting the Gaussian this way is only "
                "notation and changes no result.",
                False,
                "This is the common misconception. The rewrite shows $\\eta = \\mu$, "
                "and with $\\eta = \\theta^T x$ that is exactly the model of linear "
                "regression, derived instead of assumed.",
            ),
            Option(
                "The mean $\\mu$ itself.",
                True,
                "The term that multiplies $y$ in the expanded exponent is $\\mu$, "
                "so $\\eta = \\mu$ with $T(y) = y$ and $a(\\eta) = \\eta^2/2$.",
            ),
        ),
    ),
    3: Question(
        chapter=3,
        prompt=(
            "Write the Bernoulli with $P(y = 1) = \\phi$ in exponential-family "
            "form. What is $\\eta$, and what do you get when you solve for "
            "$\\phi$?"
        ),
        options=(
            Option(
                "$\\eta = \\log\\frac{\\phi}{1-\\phi}$, the log-odds; solving for "
                "$\\phi$ gives the sigmoid $\\phi = 1/(1 + e^{-\\eta})$.",
                True,
                "The coefficient of $y$ in $y\\log\\phi + (1-y)\\log(1-\\phi)$ is "
                "the log-odds, and inverting the log-odds gives the sigmoid: it is "
                "the Bernoulli's canonical response function.",
            ),
            Option(
                "$\\eta = \\phi$; solving for $\\phi$ gives the identity.",
                False,
                "That would make the Bernoulli behave like the Gaussian. The factor "
                "multiplying $y$ in the exponent is $\\log(\\phi/(1-\\phi))$, not "
                "$\\phi$.",
            ),
            Option(
                "$\\eta = \\log\\phi$; solving for $\\phi$ gives $e^{\\eta}$.",
                False,
                "$\\log\\phi$ ignores the $1 - \\phi$ of the $y = 0$ outcome, and "
                "$e^{\\eta}$ can exceed one, which no probability may.",
            ),
            Option(
                "The log-odds, and this proves that the sigmoid is the only "
                "squashing function classification may ever use.",
                False,
                "This is the common misconception. The sigmoid is the canonical "
                "choice, the one the algebra gives for free; other links such as "
                "the probit are legitimate, only not canonical.",
            ),
        ),
    ),
    4: Question(
        chapter=4,
        prompt=(
            "Going from linear regression to logistic regression to Poisson "
            "regression, which single ingredient of the GLM recipe do you swap?"
        ),
        options=(
            Option(
                "The assumption $\\eta = \\theta^T x$: each model needs its own "
                "nonlinear function of $x$.",
                False,
                "All three keep $\\eta = \\theta^T x$. The common misconception is "
                "to see that linearity as a law of nature; it is a design choice "
                "(a neural network replaces it), but not the one that differs "
                "between these three models.",
            ),
            Option(
                "The exponential-family distribution of $y$ given $x$, which then "
                "fixes the response function.",
                True,
                "Gaussian, Bernoulli or Poisson in assumption 1; the recipe does the "
                "rest, and the response box (identity, sigmoid, exponential) follows "
                "from that choice.",
            ),
            Option(
                "The optimisation algorithm: least squares for one, gradient ascent "
                "for another, Newton's method for the third.",
                False,
                "Any of these fits can train any GLM. The model is set by its three "
                "assumptions, not by the way it is fitted.",
            ),
            Option(
                "What is predicted: the mean for linear regression, the median for "
                "logistic regression, the mode for Poisson regression.",
                False,
                "Assumption 2 is the same for all three: predict the expected "
                "value $E[y \\mid x]$.",
            ),
        ),
    ),
    5: Question(
        chapter=5,
        prompt=(
            "Once logistic regression is derived with the three GLM assumptions, "
            "what does that say about the sigmoid in "
            "$h(x) = 1/(1 + e^{-\\theta^T x})$? It is"
        ),
        options=(
            Option(
                "a convenient choice made because it is smooth and stays between "
                "0 and 1.",
                False,
                "Smooth, bounded curves are plentiful. The recipe does not pick "
                "one for convenience; it hands over the mean of a Bernoulli as a "
                "function of its natural parameter.",
            ),
            Option(
                "an approximation to a step function, justified because it works "
                "well in practice.",
                False,
                "No approximation is involved: the sigmoid is exactly the "
                "Bernoulli's mean written in terms of $\\eta$.",
            ),
            Option(
                "required by the linear assumption $\\eta = \\theta^T x$ for every "
                "distribution alike.",
                False,
                "The same linear assumption with a Gaussian gives the identity, "
                "and with a Poisson the exponential. The squashing comes from the "
                "distribution, not from linearity.",
            ),
            Option(
                "a consequence of modelling $y$ as Bernoulli: it is that "
                "distribution's canonical response function.",
                True,
                "Choose Bernoulli, predict its mean $\\phi$, set $\\eta = "
                "\\theta^T x$: since $\\phi = 1/(1 + e^{-\\eta})$, the sigmoid "
                "appears without being chosen.",
            ),
        ),
    ),
    6: Question(
        chapter=6,
        prompt="How are a GLM's response function and its link function related?",
        options=(
            Option(
                "The link function is applied to $\\theta^T x$ to make the "
                "prediction; the response function is only used in training.",
                False,
                "This is the common misconception, backwards. You predict by "
                "running the response function forward on $\\theta^T x$; the link "
                "maps a mean back to $\\eta$.",
            ),
            Option(
                "They are inverses: the response maps $\\eta$ to the mean, the "
                "link maps the mean back to $\\eta$.",
                True,
                "For the Bernoulli the response is the sigmoid and the link the "
                "logit; for the Poisson, exp and log. When the link is the one "
                "the natural parameter gives, it is called canonical.",
            ),
            Option(
                "They are the same function for every distribution.",
                False,
                "Only the Gaussian's pair, identity and identity, coincide. The "
                "sigmoid and the logit, or exp and log, are different functions "
                "that undo each other.",
            ),
            Option(
                "The link function is the derivative of the response function.",
                False,
                "Derivatives appear elsewhere: $a'(\\eta)$ is the mean. The link "
                "undoes the response; it does not differentiate it.",
            ),
        ),
    ),
    8: Question(
        chapter=8,
        prompt=(
            "Why does every GLM train with $\\theta_j \\leftarrow \\theta_j + "
            "\\alpha\\,(y - h(x))\\,x_j$?"
        ),
        options=(
            Option(
                "Because every GLM minimises squared error, whatever the distribution.",
                False,
                "Each GLM maximises its own likelihood; only the Gaussian's "
                "amounts to squared error. The shared form comes from the "
                "exponential family.",
            ),
            Option(
                "Because the log-partition's derivative $a'(\\eta)$ is the mean, "
                "so the gradient of $\\eta\\,y - a(\\eta)$ with "
                "$\\eta = \\theta^T x$ is $(y - h(x))\\,x_j$.",
                True,
                "Differentiating $\\eta\\,T(y)$ gives $y\\,x_j$, differentiating "
                "$-a(\\eta)$ gives $-a'(\\eta)\\,x_j = -h(x)\\,x_j$. That holds for "
                "every member of the exponential family.",
            ),
            Option(
                "Because every GLM is trained by literally identical code, the "
                "prediction included.",
                False,
                "This is the common misconception. The formula is shared, but "
                "$h(x)$ uses each model's own response function (identity, "
                "sigmoid, exponential): one line of code differs.",
            ),
            Option(
                "Because a small enough learning rate makes the distribution-"
                "specific terms negligible.",
                False,
                "No term is dropped or approximated: the gradient is exactly "
                "$(y - h(x))\\,x_j$ at any learning rate.",
            ),
        ),
    ),
}


def quiz_for_chapter(chapter):
    """The ``Quiz`` widget for ``chapter`` (0-6 or 8) (introduced in chapter 0)."""
    if chapter not in QUESTIONS:
        raise ValueError(
            f"no quiz for chapter {chapter}; quizzes exist for chapters "
            f"{', '.join(str(c) for c in sorted(QUESTIONS))}"
        )
    return Quiz(QUESTIONS[chapter])
