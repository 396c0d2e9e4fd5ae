"""The Department's statistics: each library's yearly report (TT 16/2022, counted the
TCVN 12843:2019 way), pre-filled from live data, submitted, checked and consolidated."""
