"""The question bank: three or more multiple-choice questions per chapter 0-6 and 8.

Chapter 7 has a lab instead of a quiz and chapter 9 is a summary. The bank
follows four rules:

* every quiz chapter has at least three questions, and at least one of them
  (``computation=True``) asks for a small calculation rather than recall;
* every wrong option is a misconception a learner really holds, written so
  that it answers the question asked (no option can be ruled out by its
  grammar alone); where a chapter warns about a common misconception, that
  misconception is one of the wrong options and its explanation says so;
* no two chapters test the same idea;
* the correct answer moves between the positions A to D.

``questions_for_chapter(n)`` returns the questions of chapter ``n``;
``quiz_for_chapter(n)`` the ready ``Quiz`` widget that shows them all
(introduced in chapter 0).
"""

from .ui.quiz import Option, Question, Quiz

_BANK = (
    # --- chapter 0: the shared update, and counts that break both models ---
    Question(
        chapter=0,
        prompt=(
            "Training linear regression and training logistic regression both end "
            "in the update $\\theta_j \\leftarrow \\theta_j + \\alpha\\,"
            "(y - h_\\theta(x))\\,x_j$. Why does the course treat this as important?"
        ),
        options=(
            Option(
                "Both models use the same learning rate $\\alpha$, so their updates "
                "are bound to look alike.",
                False,
                "The learning rate is only a step size; any value leaves the shape "
                "$(y - h_\\theta(x))\\,x_j$ untouched. The match is in the shape, "
                "and that needs a deeper reason.",
            ),
            Option(
                "It hints that both models are special cases of one larger family "
                "of models, whose shared structure forces the shared update.",
                True,
                "A match this exact is rarely luck. Both are generalized linear "
                "models with their canonical link, and chapter 8 shows that every "
                "such model's log-likelihood gradient has the form "
                "$(y - h_\\theta(x))\\,x_j$.",
            ),
            Option(
                "It shows that squared error and cross-entropy are the same loss "
                "function in different notation.",
                False,
                "They are different losses: squared error comes from a Gaussian "
                "likelihood, cross-entropy from a Bernoulli one, and they give "
                "different values for the same prediction. Only their gradients "
                "share a shape; the notebook computes both on one example.",
            ),
            Option(
                "It means logistic regression can be fitted by ordinary least "
                "squares on the 0/1 labels.",
                False,
                "Least squares on 0/1 labels fits a straight line, which leaves "
                "$[0, 1]$. The shared update still contains each model's own "
                "prediction $h_\\theta(x)$: a sigmoid for logistic regression.",
            ),
        ),
    ),
    Question(
        chapter=0,
        computation=True,
        prompt=(
            "The least squares line through the shop's 40 hours has intercept "
            "$-2.29$ and slope $1.25$ customers per hundred dollars. For which ad "
            "spends does it predict fewer than zero customers?"
        ),
        options=(
            Option(
                "Only at a spend of exactly 0, where it predicts the intercept, "
                "$-2.29$.",
                False,
                "The line is negative on a whole stretch, not at one point: at a "
                "spend of 1 it still predicts $-2.29 + 1.25 = -1.04$. Five of the "
                "shop's hours lie on that stretch.",
            ),
            Option(
                "For spends below $2.29$, the size of the intercept.",
                False,
                "The intercept is the height at spend 0, not where the line "
                "crosses zero. At a spend of 2 the line predicts "
                "$-2.29 + 2 \\times 1.25 = 0.21$, already above zero.",
            ),
            Option(
                "Nowhere inside the data: a fitted line only goes wrong when you "
                "extrapolate beyond the hours it was fitted to.",
                False,
                "The shop's data start at a spend of about 0.55, well inside the "
                "stretch where the line is negative. The line is wrong on hours it "
                "was fitted to, because the counts curve upwards and a line cannot.",
            ),
            Option(
                "For spends below $2.29 / 1.25 \\approx 1.83$ hundred dollars "
                "($1.84$ with the unrounded fit).",
                True,
                "Solve $-2.29 + 1.25\\,s = 0$: $s = 2.29 / 1.25 \\approx 1.83$, "
                "or $1.84$ from the fit's unrounded intercept and slope. Below "
                "that the line predicts negative customers, and five of the 40 "
                "hours were observed there.",
            ),
        ),
    ),
    Question(
        chapter=0,
        prompt=(
            "Why is logistic regression no rescue for the shop's counts of "
            "customers per hour?"
        ),
        options=(
            Option(
                "Its sigmoid can dip below zero at the left edge, just as the "
                "straight line does.",
                False,
                "The sigmoid never leaves $(0, 1)$, so it never goes negative. "
                "Its trouble lies at the other end.",
            ),
            Option(
                "It needs a feature with a few categories, and ad spend is a "
                "continuous number.",
                False,
                "Logistic regression takes continuous features without trouble; "
                "it is the <i>target</i> that must be a yes/no outcome.",
            ),
            Option(
                "Its prediction is a probability between 0 and 1, but the counts "
                "go up to 17 customers in an hour.",
                True,
                "Logistic regression models a yes/no target. A count can be any "
                "whole number from 0 up, so its prediction must be able to exceed "
                "1 and must never drop below 0.",
            ),
            Option(
                "It would work after dividing every count by the largest one, 17, "
                "and reading the result as a probability.",
                False,
                "A scaled count is not the outcome of a coin flip: the next hour "
                "may bring more than 17 customers, and 5 customers out of a "
                "ceiling of 17 is not a yes/no event with a probability.",
            ),
        ),
    ),
    # --- chapter 1: the exponential family -----------------------------------
    Question(
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
                "That is the sufficient statistic $T(y)$: $y$ itself for the "
                "Gaussian, the Bernoulli and the Poisson, a vector of indicators "
                "for the categorical family.",
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
                "It is the mean of $y$, whichever family you pick.",
                False,
                "Only for the unit-spread Gaussian. For the Bernoulli $\\eta$ is "
                "the log-odds and the mean is the sigmoid of it; for the Poisson "
                "the mean is $e^{\\eta}$. In general the mean is $a'(\\eta)$.",
            ),
        ),
    ),
    Question(
        chapter=1,
        prompt="Which of these distributions is <i>not</i> in the exponential family?",
        options=(
            Option(
                "The Poisson, because its possible values $0, 1, 2, \\dots$ never end.",
                False,
                "An endless support is no obstacle: $e^{-\\lambda}\\lambda^y/y! = "
                "(1/y!)\\exp(y\\log\\lambda - \\lambda)$ has the form, with "
                "$\\eta = \\log\\lambda$. Chapter 7 works this out.",
            ),
            Option(
                "The uniform on $(0, \\theta)$, with the upper end $\\theta$ as "
                "its parameter.",
                True,
                "Its support moves with $\\theta$: $p(y) = 1/\\theta$ for "
                "$0 < y < \\theta$ and 0 beyond. In the template the set of "
                "possible $y$ is fixed by $b(y)$, which cannot depend on the "
                "parameter, so no choice of $b$, $T$ and $a$ produces it.",
            ),
            Option(
                "The uniform on the fixed interval $(0, 1)$.",
                False,
                "It is the beta distribution with both parameters 1, and the beta "
                "family is a member. Being uniform is not the problem; a support "
                "that moves with the parameter is.",
            ),
            Option(
                "The Gaussian: the exponential family is a small set of unusual "
                "distributions, and the everyday bell curve is not among them.",
                False,
                "This is the common misconception, twice over. The family holds "
                "most distributions in daily use, and the Gaussian is one of them "
                "(chapter 2 rewrites it). The outsiders are exceptions such as the "
                "Cauchy.",
            ),
        ),
    ),
    Question(
        chapter=1,
        computation=True,
        prompt=(
            "The Bernoulli's log-partition is $a(\\eta) = \\log(1 + e^{\\eta})$. "
            "What is its mean at $\\eta = \\log 3$?"
        ),
        options=(
            Option(
                "$\\log 4 \\approx 1.386$.",
                False,
                "That is $a(\\log 3)$ itself, the log-partition's value. The mean "
                "is its slope, $a'(\\eta)$.",
            ),
            Option(
                "$\\log 3 \\approx 1.099$.",
                False,
                "That is $\\eta$. Only for the unit-spread Gaussian does the mean "
                "equal the natural parameter.",
            ),
            Option(
                "$3$.",
                False,
                "That is $e^{\\eta}$, the odds $\\phi/(1-\\phi)$; a probability "
                "cannot exceed 1.",
            ),
            Option(
                "$0.75$.",
                True,
                "$a'(\\eta) = e^{\\eta}/(1 + e^{\\eta}) = 3/4$. The mean is the "
                "slope of the log-partition.",
            ),
        ),
    ),
    # --- chapter 2: the Gaussian and its spread -----------------------------
    Question(
        chapter=2,
        prompt=(
            "Write the Gaussian with spread $\\sigma = 1$ in exponential-family "
            "form. What is its natural parameter $\\eta$?"
        ),
        options=(
            Option(
                "Its variance $\\sigma^2$.",
                False,
                "The variance is fixed here, so it cannot be the knob that picks "
                "a member. It is the mean that multiplies $y$ in the expanded "
                "exponent.",
            ),
            Option(
                "$\\mu^2/2$.",
                False,
                "That is the log-partition $a(\\eta) = \\eta^2/2$ evaluated at "
                "$\\eta = \\mu$: the normaliser, not the natural parameter.",
            ),
            Option(
                "The mean $\\mu$ itself.",
                True,
                "The term that multiplies $y$ in the expanded exponent is $\\mu$, "
                "so $\\eta = \\mu$ with $T(y) = y$ and $a(\\eta) = \\eta^2/2$.",
            ),
            Option(
                "$\\log\\mu$, as for the Poisson.",
                False,
                "Each family has its own map from mean to $\\eta$. The logarithm "
                "belongs to the Poisson; the unit-spread Gaussian needs none, and "
                "its mean may be negative, where $\\log\\mu$ is undefined.",
            ),
        ),
    ),
    Question(
        chapter=2,
        computation=True,
        prompt=(
            "A Gaussian has spread $\\sigma = 2$ and mean $\\mu = 3$. Written in "
            "chapter 1's form $b(y)\\exp\\big(\\eta\\,y - a(\\eta)\\big)$, what is "
            "its natural parameter?"
        ),
        options=(
            Option(
                "$\\eta = 3$: the natural parameter of a Gaussian is its mean, "
                "whatever the spread.",
                False,
                "That holds for $\\sigma = 1$, or in the dispersion form, where "
                "$\\sigma^2$ divides the whole exponent. In chapter 1's form the "
                "coefficient of $y$ is $\\mu/\\sigma^2$.",
            ),
            Option(
                "$\\eta = 0.75$.",
                True,
                "Expanding $-(y-\\mu)^2/(2\\sigma^2)$ puts $\\mu/\\sigma^2 = 3/4$ "
                "in front of $y$, with $a(\\eta) = \\sigma^2\\eta^2/2$, whose "
                "slope $\\sigma^2\\eta = 3$ is the mean again.",
            ),
            Option(
                "$\\eta = 1.5$, the mean measured in units of the spread.",
                False,
                "That divides by $\\sigma$ once. The exponent carries "
                "$1/(2\\sigma^2)$, so the coefficient of $y$ is $\\mu/\\sigma^2$.",
            ),
            Option(
                "There is none: only the Gaussian with $\\sigma = 1$ fits chapter "
                "1's form.",
                False,
                "Every Gaussian with a known spread fits it, with "
                "$\\eta = \\mu/\\sigma^2$ and $b(y) = e^{-y^2/(2\\sigma^2)}/"
                "\\sqrt{2\\pi\\sigma^2}$. Setting $\\sigma = 1$ only makes "
                "$\\eta$ equal to $\\mu$.",
            ),
        ),
    ),
    Question(
        chapter=2,
        prompt=(
            "Fit a Gaussian GLM to the same data twice in the dispersion form, "
            "the one glmlib uses: $\\eta = \\mu = \\theta^T x$, and $\\sigma^2$ "
            "divides $\\eta\\,y - a(\\eta)$. Assume spread $\\sigma = 1$ the first "
            "time and $\\sigma = 2$ the second. Why are the fitted coefficients "
            "$\\theta$ the same?"
        ),
        options=(
            Option(
                "They are not: the larger spread shrinks every coefficient by "
                "$\\sigma^2 = 4$.",
                False,
                "That happens in chapter 1's form, where $\\eta = \\mu/\\sigma^2$: "
                "set that $\\eta$ to $\\theta^T x$ and every coefficient comes out "
                "divided by $\\sigma^2$, with the same predicted means. In the "
                "dispersion form the mean stays $\\theta^T x$ for every $\\sigma$; "
                "the spread changes how sure the model is, not where the best "
                "line lies. The notebook fits several spreads and finds one "
                "$\\theta$.",
            ),
            Option(
                "Because the spread ends up in the base measure $b(y)$, which "
                "never touches $\\eta$.",
                False,
                "The spread is not confined to $b(y)$. In chapter 1's form it "
                "enters $\\eta = \\mu/\\sigma^2$; in the dispersion form it "
                "divides $\\eta y - a(\\eta)$. What makes it harmless is that "
                "division by a constant.",
            ),
            Option(
                "Because $\\sigma^2$ divides every term of the log-likelihood "
                "that involves $\\theta$, and dividing by a positive constant does "
                "not move the maximum.",
                True,
                "The log-likelihood for spread $\\sigma$ is the one for "
                "$\\sigma = 1$ divided by $\\sigma^2$, plus a constant. Both peak "
                "at the same $\\theta$, so setting $\\sigma = 1$ changes no fit.",
            ),
            Option(
                "Because least squares ignores the spread, and a Gaussian GLM "
                "only approximates least squares.",
                False,
                "There is no approximation: maximising the Gaussian likelihood is "
                "minimising the squared error, exactly, for every $\\sigma$.",
            ),
        ),
    ),
    Question(
        chapter=2,
        prompt=(
            "What does writing the Gaussian in exponential-family form buy us "
            "for regression?"
        ),
        options=(
            Option(
                "Nothing: it is a change of notation that leaves every result as "
                "it was.",
                False,
                "This is the common misconception. The rewrite shows "
                "$\\eta = \\mu$; once chapter 4 sets $\\eta = \\theta^T x$ that "
                "reads 'the mean is $\\theta^T x$', ordinary linear regression, "
                "derived instead of assumed.",
            ),
            Option(
                "It shows that linear regression needs noise of variance exactly "
                "1 to be valid.",
                False,
                "The spread of 1 only simplifies the algebra; any known spread "
                "gives the same fitted $\\theta$.",
            ),
            Option(
                "It turns the squared error into the cross-entropy, so that one "
                "loss serves both models.",
                False,
                "The Gaussian's log-likelihood is still (minus) the squared error "
                "plus a constant. The two models share a gradient shape, not a "
                "loss.",
            ),
            Option(
                "Together with $\\eta = \\theta^T x$, it makes the mean equal to "
                "$\\theta^T x$: linear regression's model, now derived.",
                True,
                "Because $\\eta = \\mu$ for the Gaussian, the recipe of chapter 4 "
                "yields $h_\\theta(x) = \\theta^T x$ with no squashing function.",
            ),
        ),
    ),
    # --- chapter 3: the Bernoulli, the log-odds, the sigmoid ------------------
    Question(
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
                "$\\eta = \\frac{\\phi}{1-\\phi}$, the odds; solving for $\\phi$ "
                "gives $\\phi = \\eta/(1 + \\eta)$.",
                False,
                "The odds appear inside a logarithm: the exponent is "
                "$y\\log\\frac{\\phi}{1-\\phi} + \\log(1-\\phi)$. And "
                "$\\eta/(1+\\eta)$ would break for negative $\\eta$.",
            ),
        ),
    ),
    Question(
        chapter=3,
        computation=True,
        prompt=(
            "A coin lands heads ($y = 1$) with probability $\\phi = 0.8$. What is "
            "its natural parameter $\\eta$?"
        ),
        options=(
            Option(
                "$0.8$.",
                False,
                "That is $\\phi$ itself. For the Bernoulli the natural parameter "
                "is the log-odds, not the probability.",
            ),
            Option(
                "$\\log 0.8 \\approx -0.223$.",
                False,
                "That leaves out the probability of tails. The log-odds divides "
                "by $1 - \\phi = 0.2$ before taking the logarithm.",
            ),
            Option(
                "$4$.",
                False,
                "That is the odds $0.8/0.2$. The natural parameter is their logarithm.",
            ),
            Option(
                "$\\log 4 \\approx 1.386$.",
                True,
                "$\\eta = \\log\\frac{0.8}{0.2} = \\log 4$, and the sigmoid of "
                "$1.386$ is $0.8$ again.",
            ),
        ),
    ),
    Question(
        chapter=3,
        prompt=(
            "A probit model predicts $P(y = 1 \\mid x) = \\Phi(\\theta^T x)$, "
            "where $\\Phi$ is the standard normal's cumulative distribution "
            "function. What is it?"
        ),
        options=(
            Option(
                "Not a valid model: once a yes/no target is a coin flip, the "
                "exponential family allows only the sigmoid.",
                False,
                "This is the common misconception. The sigmoid is the <i>canonical</i> "
                "choice, the one the algebra hands over, with the tidiest "
                "gradient; other links such as the probit are legitimate.",
            ),
            Option(
                "A Gaussian GLM, since $\\Phi$ comes from the normal distribution.",
                False,
                "The target is still a coin flip, so the distribution is still "
                "the Bernoulli; the normal distribution only supplies the "
                "S-shaped curve.",
            ),
            Option(
                "A Bernoulli model with a non-canonical link: $\\theta^T x$ is "
                "no longer the natural parameter, but the model is legitimate.",
                True,
                "The probit keeps the Bernoulli target and predicts its mean with "
                "another S-curve. The log-odds is then not $\\theta^T x$ but "
                "$\\log\\frac{\\Phi(\\theta^T x)}{1 - \\Phi(\\theta^T x)}$.",
            ),
            Option(
                "Logistic regression under another name: $\\Phi$ and the sigmoid "
                "are the same curve.",
                False,
                "They are different curves: at $\\eta = 1$ the sigmoid gives "
                "$0.731$ and $\\Phi$ gives $0.841$. The notebook draws both.",
            ),
        ),
    ),
    # --- chapter 4: the recipe ----------------------------------------------
    Question(
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
                "Gaussian, Bernoulli or Poisson in assumption 1; the recipe does "
                "the rest, and the response box (identity, sigmoid, exponential) "
                "follows from that choice.",
            ),
            Option(
                "The optimisation algorithm: least squares for one, gradient ascent "
                "for another, Newton's method for the third.",
                False,
                "The way a model is fitted does not define it: maximising each "
                "model's own likelihood, by gradient ascent or by Newton's method, "
                "fits all three. Plain least squares is the Gaussian's maximum "
                "likelihood only; on 0/1 labels it fits a straight line, not a "
                "logistic model.",
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
    Question(
        chapter=4,
        computation=True,
        prompt=(
            "A Poisson GLM for the shop has $\\theta = (0.5, 0.2)$. An hour with "
            "ad spend 5 has $x = (1, 5)$, the 1 for the intercept. How many "
            "customers does the model predict for it?"
        ),
        options=(
            Option(
                "$1.5$: the linear score $\\theta^T x$ is the prediction.",
                False,
                "$\\theta^T x = 1.5$ is the natural parameter $\\eta$. Assumption "
                "2 predicts the mean, which the Poisson's response turns into "
                "$e^{\\eta}$.",
            ),
            Option(
                "$0.818$: the sigmoid of $1.5$.",
                False,
                "The sigmoid is the Bernoulli's response. A count needs the "
                "Poisson's, the exponential.",
            ),
            Option(
                "$4$: the model predicts a count, so $e^{1.5}$ must be rounded to "
                "a whole number.",
                False,
                "The prediction is the mean number of customers, and a mean need "
                "not be whole: over many such hours the average is $4.48$.",
            ),
            Option(
                "$e^{1.5} \\approx 4.48$.",
                True,
                "$\\eta = 0.5 + 0.2 \\times 5 = 1.5$, then the Poisson's response "
                "gives $h_\\theta(x) = e^{1.5} \\approx 4.48$ customers on "
                "average.",
            ),
        ),
    ),
    Question(
        chapter=4,
        prompt=(
            "Why can a Poisson GLM never predict a negative number of customers, "
            "while chapter 0's straight line did?"
        ),
        options=(
            Option(
                "Because its fitted coefficients $\\theta$ are constrained to be "
                "positive.",
                False,
                "No coefficient is constrained: the shop's Poisson fit has a "
                "negative intercept. A negative score is fine, since the response "
                "maps it to a positive mean.",
            ),
            Option(
                "Because its response function $e^{\\eta}$ is positive for every "
                "real $\\eta$, so every predicted mean is.",
                True,
                "The score $\\theta^T x$ may be any real number; the response "
                "maps it into the range of means the distribution allows, here "
                "$\\mu > 0$.",
            ),
            Option(
                "Because the data contain no negative counts, so the fit learns "
                "to stay above zero.",
                False,
                "The straight line saw the same data and still went below zero. "
                "What keeps the Poisson's predictions positive is its response "
                "function, not the data.",
            ),
            Option(
                "Because assumption 3 makes $\\eta$ positive.",
                False,
                "Assumption 3 makes $\\eta = \\theta^T x$, which can be any real "
                "number, negative included.",
            ),
        ),
    ),
    # --- chapter 5: turning the crank ---------------------------------------
    Question(
        chapter=5,
        prompt=(
            "Chapter 5's 40 hours each have a spend and a label: $y = 1$ if a "
            "queue formed, $y = 0$ if not. Which procedure finds logistic "
            "regression's $\\theta$, the Bernoulli GLM's?"
        ),
        options=(
            Option(
                "Fit a least squares line to the 0/1 labels, then put its "
                "$\\theta^T x$ through the sigmoid.",
                False,
                "This is the chapter's common misconception. The sigmoid then "
                "arrives after $\\theta$ is chosen and has no say in choosing it: "
                "least squares aims $\\theta^T x$ at the 0s and 1s themselves, so "
                "the squashed line stays near one half, from $0.50$ to $0.74$ on "
                "the chapter's 40 hours. The GLM puts the sigmoid inside the "
                "likelihood that picks $\\theta$.",
            ),
            Option(
                "Pick the $\\theta$ that classifies the most hours correctly, "
                "reading a probability above one half as a queue.",
                False,
                "That counts right guesses and ignores how sure each one is; the "
                "count moves only in whole steps, so whole regions of $\\theta$ "
                "tie. Logistic regression scores each hour's predicted "
                "probability through the Bernoulli likelihood, which rewards a "
                "confident right answer and punishes a confident wrong one.",
            ),
            Option(
                "Pick the $\\theta$ that maximises the Bernoulli log-likelihood "
                "of the labels with $\\phi = 1/(1 + e^{-\\theta^T x})$: the "
                "$\\theta$ of smallest mean cross-entropy.",
                True,
                "Assumption 1 makes each label a coin flip whose probability is "
                "the sigmoid of $\\theta^T x$, so the sigmoid sits inside the "
                "likelihood that picks $\\theta$. The chapter checks that glmlib's "
                "fit and a general-purpose minimiser of the cross-entropy land on "
                "the same $\\theta$.",
            ),
            Option(
                "Pick the $\\theta$ that makes $\\sum_i \\big(y_i - 1/(1 + "
                "e^{-\\theta^T x_i})\\big)^2$ smallest: least squares with the "
                "sigmoid inside.",
                False,
                "This keeps the sigmoid inside but scores a coin flip with the "
                "Gaussian's loss, which is not the Bernoulli likelihood, and it "
                "lands on another $\\theta$. Its gradient carries an extra factor, "
                "the sigmoid's slope, which gives the hours predicted near 0 or 1 "
                "less say.",
            ),
        ),
    ),
    Question(
        chapter=5,
        computation=True,
        prompt=(
            "Chapter 5's logistic regression for queues has "
            "$\\theta = (-2.860, 0.611)$, with spend in hundreds of dollars. What "
            "does one more hundred dollars of spend do, whatever the spend you "
            "start from?"
        ),
        options=(
            Option(
                "It adds $0.611$ to the probability of a queue.",
                False,
                "$\\theta_1$ moves the log-odds, not the probability. At a spend "
                "of 6 the probability is already $0.691$, and adding $0.611$ "
                "would pass 1. The probability moves by less, and by different "
                "amounts at different spends.",
            ),
            Option(
                "It adds $0.611$ to the log-odds of a queue, so it multiplies the "
                "odds $\\phi/(1-\\phi)$ by $e^{0.611} \\approx 1.84$.",
                True,
                "$\\theta^T x$ is the log-odds, and it rises by $\\theta_1$ with "
                "each hundred dollars wherever you start. The odds are "
                "$e^{\\theta^T x}$, so they grow by the factor $e^{0.611}$: from a "
                "spend of 6 to 7 the probability goes from $0.691$ to $0.805$, "
                "the odds from $2.24$ to $4.12$.",
            ),
            Option(
                "It multiplies the probability of a queue by $e^{0.611}$.",
                False,
                "The factor applies to the odds, $\\phi/(1-\\phi)$, not to the "
                "probability: from a spend of 6, where the probability is "
                "$0.691$, multiplying by $e^{0.611}$ would pass 1. Only where a "
                "queue is rare, and the odds almost equal the probability, does "
                "the probability grow by nearly that factor.",
            ),
            Option(
                "It adds $0.611/4 \\approx 0.153$ to the probability: $\\theta_1$ "
                "times the sigmoid's slope at its middle, $1/4$.",
                False,
                "That is the curve's slope at its steepest point, where the "
                "probability is one half (a spend of about $4.68$), and it holds "
                "only near there. Away from it a hundred dollars adds less: from "
                "a spend of 0 to 1 the probability rises from $0.054$ to "
                "$0.095$.",
            ),
        ),
    ),
    Question(
        chapter=5,
        prompt=(
            "Fit the Gaussian GLM by maximum likelihood and ordinary least squares "
            "to the same data. How do their coefficients compare?"
        ),
        options=(
            Option(
                "They are identical: maximising the Gaussian likelihood is "
                "minimising the sum of squared errors.",
                True,
                "The log-likelihood is minus half the sum of squared errors plus a "
                "constant, so both methods pick the same $\\theta$.",
            ),
            Option(
                "They differ a little, because the GLM is fitted iteratively and "
                "least squares in one step.",
                False,
                "The route differs, the destination does not: both find the one "
                "$\\theta$ that minimises the squared error (for the Gaussian, "
                "Newton's method gets there in a single step).",
            ),
            Option(
                "The GLM's are pulled towards zero, because the likelihood "
                "penalises large coefficients.",
                False,
                "A likelihood has no penalty on $\\theta$; shrinking towards zero "
                "comes from adding one (ridge regression), which neither fit does.",
            ),
            Option(
                "The GLM's describe the log of the mean, least squares' the mean "
                "itself.",
                False,
                "That is the Poisson GLM. The Gaussian's link is the identity, so "
                "its coefficients describe the mean directly.",
            ),
        ),
    ),
    # --- chapter 6: link and response ---------------------------------------
    Question(
        chapter=6,
        prompt="How are a GLM's response function and its link function related?",
        options=(
            Option(
                "The link turns the features into $\\eta$, as $\\theta^T x$; the "
                "response turns $\\eta$ into the prediction.",
                False,
                "The features reach $\\eta$ through the linear score alone. The "
                "link starts from the <i>mean</i>: $g(\\mu) = \\theta^T x$. It "
                "is the response's inverse, not a second name for the linear part.",
            ),
            Option(
                "They are the same function for every distribution.",
                False,
                "The sigmoid and the logit, or exp and log, are different "
                "functions that undo each other. The two coincide only for a link "
                "that is its own inverse: the Gaussian's identity, and the "
                "inverse $1/\\mu$ and negative inverse $-1/\\mu$ of the gamma "
                "(Try this 4).",
            ),
            Option(
                "The link function is the derivative of the response function.",
                False,
                "Derivatives appear elsewhere: $a'(\\eta)$ is the mean. The link "
                "undoes the response; it does not differentiate it.",
            ),
            Option(
                "They are inverses: the response $g^{-1}$ maps $\\eta$ to the "
                "mean, the link $g$ maps the mean back to $\\eta$.",
                True,
                "For the Bernoulli the response is the sigmoid and the link the "
                "logit; for the Poisson, exp and log. When the link sends the "
                "mean to the natural parameter, it is the canonical link.",
            ),
        ),
    ),
    Question(
        chapter=6,
        prompt=(
            "A Poisson GLM uses the log link. Which quantity does it take to be "
            "linear in the features?"
        ),
        options=(
            Option(
                "$e^{\\mu}$, the exponential of the mean count: the model "
                "predicts by applying the log link to the linear score, "
                "$\\mu = \\log(\\theta^T x)$, so $e^{\\mu} = \\theta^T x$.",
                False,
                "This is the common misconception, the wrong way round. The link "
                "is applied to the mean, $\\log\\mu = \\theta^T x$; applied to "
                "the score, $\\log(\\theta^T x)$ is undefined wherever the score "
                "is negative. To predict, the response runs forward: "
                "$\\mu = e^{\\theta^T x}$.",
            ),
            Option(
                "The logarithm of each observed count, $\\log y$, as when least "
                "squares is fitted to log-counts.",
                False,
                "That is another model. $\\log y$ is $-\\infty$ for every hour "
                "with no customers, and the mean of $\\log y$ is not the log of "
                "the mean. The GLM links the <i>mean</i>, never the data.",
            ),
            Option(
                "The log of the mean count: $\\log E[y \\mid x] = \\theta^T x$.",
                True,
                "The link $g = \\log$ takes the mean to the linear scale, "
                "$g(\\mu) = \\theta^T x$; the response $g^{-1} = \\exp$ takes the "
                "score back to a mean, $\\mu = e^{\\theta^T x}$.",
            ),
            Option(
                "The mean count itself, $E[y \\mid x] = \\theta^T x$; the log "
                "only enters the likelihood.",
                False,
                "That is the identity link, the straight line of chapter 0 with "
                "its negative predictions. Under the log link only the logarithm "
                "of the mean is linear; the mean is $e^{\\theta^T x}$.",
            ),
        ),
    ),
    Question(
        chapter=6,
        computation=True,
        prompt=(
            "A softmax model with three classes predicts probabilities "
            "$(0.2, 0.5, 0.3)$ for classes 0, 1 and 2; class 0 is the reference. "
            "What is the canonical link's value $\\eta_1$ for class 1?"
        ),
        options=(
            Option(
                "$\\log 0.5 \\approx -0.693$: the log of class 1's probability.",
                False,
                "The softmax link is a log of a <i>ratio</i>: each class's probability "
                "over the reference class's.",
            ),
            Option(
                "$0$: the log-odds of class 1 against all the others, "
                "$\\log(0.5/0.5)$.",
                False,
                "That treats class 1 as a coin flip against everything else. The "
                "canonical link compares each class with the one reference class.",
            ),
            Option(
                "$\\log(0.5/0.2) \\approx 0.916$.",
                True,
                "$\\eta_k = \\log(\\mu_k/\\mu_0)$: class 1's probability over the "
                "reference class's, then the logarithm. The softmax of "
                "$(0, 0.916, 0.405)$ gives back $(0.2, 0.5, 0.3)$.",
            ),
            Option(
                "$2.5$: class 1's probability over the reference class's.",
                False,
                "That is the ratio before its logarithm. The link is the log of "
                "it, so that $\\eta$ can take any real value.",
            ),
        ),
    ),
    # --- chapter 8: one gradient ----------------------------------------------
    Question(
        chapter=8,
        prompt=(
            "Why does every GLM with its canonical link train with "
            "$\\theta_j \\leftarrow \\theta_j + \\alpha\\,(y - h_\\theta(x))\\,x_j$?"
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
                "$\\eta = \\theta^T x$ is $(y - h_\\theta(x))\\,x_j$.",
                True,
                "Differentiating $\\eta\\,y$ gives $y\\,x_j$, differentiating "
                "$-a(\\eta)$ gives $-a'(\\eta)\\,x_j = -h_\\theta(x)\\,x_j$. That "
                "holds for every exponential family once $\\eta = \\theta^T x$.",
            ),
            Option(
                "Because every GLM is trained by literally identical code, the "
                "prediction included.",
                False,
                "This is the common misconception. The formula is shared, but "
                "$h_\\theta(x)$ uses each model's own response function (identity, "
                "sigmoid, exponential): the one line computing it differs.",
            ),
            Option(
                "Because a small enough learning rate makes the distribution-"
                "specific terms negligible.",
                False,
                "No term is dropped or approximated: the gradient is exactly "
                "$(y - h_\\theta(x))\\,x_j$ at any learning rate.",
            ),
        ),
    ),
    Question(
        chapter=8,
        computation=True,
        prompt=(
            "For the Bernoulli, $a(\\eta) = \\log(1 + e^{\\eta})$. What is the "
            "variance of $y$ at $\\eta = \\log 3$?"
        ),
        options=(
            Option(
                "$0.75$.",
                False,
                "That is $a'(\\log 3)$, the mean. The variance is the second "
                "derivative, $a''(\\eta)$.",
            ),
            Option(
                "$0.1875$.",
                True,
                "$a''(\\eta) = \\mu(1-\\mu)$ with $\\mu = 0.75$: "
                "$0.75 \\times 0.25 = 0.1875$.",
            ),
            Option(
                "$0.5625$, the square of the mean.",
                False,
                "For a 0/1 variable $y^2 = y$, so $E[y^2] = \\mu$ and the variance "
                "is $\\mu - \\mu^2 = 0.1875$; $\\mu^2$ is only the part taken "
                "away.",
            ),
            Option(
                "$1$: the variance of a member of the family is fixed, as for "
                "the unit-spread Gaussian.",
                False,
                "Only the Gaussian's $a''(\\eta)$ is constant. For the Bernoulli "
                "the variance moves with $\\eta$ and is largest, $0.25$, at "
                "$\\eta = 0$.",
            ),
        ),
    ),
    Question(
        chapter=8,
        computation=True,
        prompt=(
            "Plain gradient ascent climbs the average log-likelihood of a "
            "Gaussian GLM, whose largest curvature is 50 (the largest eigenvalue "
            "of $X^T X / n$). Which statement about the learning rate $\\alpha$ "
            "is right?"
        ),
        options=(
            Option(
                "Any $\\alpha$ works: the log-likelihood is concave, so gradient "
                "ascent cannot fail.",
                False,
                "Concavity guarantees that any peak is the global one (a peak "
                "may not exist, or may not be unique), not that fixed steps "
                "reach it. A step that overshoots along the steepest direction "
                "lands further away each time.",
            ),
            Option(
                "$\\alpha$ must stay below $1/50 = 0.02$; at $0.03$ the fit diverges.",
                False,
                "Below $1/50$ every step stops short of the peak; between $1/50$ "
                "and $2/50$ it overshoots but by less than it moved, so the fit "
                "still converges, zigzagging.",
            ),
            Option(
                "Only $\\alpha > 1$ diverges, since a smaller $\\alpha$ shrinks "
                "every step.",
                False,
                "What matters is $\\alpha$ times the curvature. Here $\\alpha = "
                "0.05$ already multiplies the error along the steepest direction "
                "by $1 - 0.05 \\times 50 = -1.5$ at each step.",
            ),
            Option(
                "Every $\\alpha$ above $2/50 = 0.04$ diverges.",
                True,
                "Along the steepest direction each step multiplies the distance to "
                "the peak by $1 - 50\\,\\alpha$; its size stays below 1 only for "
                "$0 < \\alpha < 2/50$. Newton's method avoids the choice.",
            ),
        ),
    ),
    Question(
        chapter=8,
        prompt=(
            "A Bernoulli GLM with the probit link, $\\mu = \\Phi(\\theta^T x)$, is "
            "fitted by gradient ascent. What is the gradient of one example's "
            "log-likelihood?"
        ),
        options=(
            Option(
                "$(y - \\mu)\\,x$ times "
                "$\\Phi'(\\theta^T x)/\\big(\\mu(1-\\mu)\\big)$, a factor that "
                "changes with $\\theta^T x$.",
                True,
                "The chain rule through $\\mu = \\Phi(\\theta^T x)$ gives "
                "$(y - \\mu)\\,\\frac{d\\mu/d(\\theta^T x)}{\\mathrm{Var}(y)}\\,x$. "
                "For the canonical logit, $\\mu = 1/(1 + e^{-\\theta^T x})$ has "
                "slope $\\mu(1-\\mu)$, the variance, and the factor is 1.",
            ),
            Option(
                "$(y - \\mu)\\,x$, as for every GLM.",
                False,
                "The clean form needs the canonical link, where $\\theta^T x$ is "
                "the natural parameter. With the probit, $\\theta^T x$ is not the "
                "log-odds, and the chain rule leaves an extra factor.",
            ),
            Option(
                "$(y - \\Phi(\\theta^T x))\\,\\Phi(\\theta^T x)\\,x$: the error "
                "times the prediction.",
                False,
                "The factor is the slope $\\Phi'(\\theta^T x)$ divided by the "
                "variance, not the prediction $\\Phi(\\theta^T x)$ itself.",
            ),
            Option(
                "There is none: a probit model has no likelihood to differentiate, "
                "so it cannot be fitted by gradient ascent.",
                False,
                "Its likelihood is the Bernoulli's, $\\mu^y(1-\\mu)^{1-y}$ with "
                "$\\mu = \\Phi(\\theta^T x)$, and it has a gradient like any "
                "other; only its form is less tidy.",
            ),
        ),
    ),
)

#: every chapter's questions, in the order the quiz shows them
QUESTIONS = {}
for _question in _BANK:
    QUESTIONS.setdefault(_question.chapter, []).append(_question)
QUESTIONS = {chapter: tuple(qs) for chapter, qs in sorted(QUESTIONS.items())}
del _question


def questions_for_chapter(chapter):
    """The questions of ``chapter`` (0-6 or 8), as a tuple of ``Question`` (chapter 0)."""
    if chapter not in QUESTIONS:
        raise ValueError(
            f"no quiz for chapter {chapter}; quizzes exist for chapters "
            f"{', '.join(str(c) for c in sorted(QUESTIONS))}"
        )
    return QUESTIONS[chapter]


def quiz_for_chapter(chapter):
    """The ``Quiz`` widget showing every question of ``chapter`` (introduced in chapter 0)."""
    return Quiz(questions_for_chapter(chapter))
