"""The staff site's pages, one module (or package) per domain: catalogue, network, audit,
circulation, digital, interop; what they share is in :mod:`thuvien.staff.toolkit`."""
