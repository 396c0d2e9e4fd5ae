"""AI services that suggest and never decide: classes and subjects for cataloguers, Vietnamese
diacritics restored, recommendations; every suggestion is logged with its score and the decision
a person took."""
