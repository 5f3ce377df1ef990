"""The learner's and the teaching assistant's layer of chapters 0-9: answers, exercises, guide."""
