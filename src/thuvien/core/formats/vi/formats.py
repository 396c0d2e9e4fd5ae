"""Vietnamese number formats beyond Django's own: sums of đồng are grouped by thousands with
a dot (15.000 đ), as Vietnamese readers write them. Django's ``vi`` formats name the
separator but no grouping, so ``floatformat:"0g"`` printed 15000. Only the places that ask
for grouping (the ``g`` flag) change; years and card numbers stay as they are."""

NUMBER_GROUPING = 3
