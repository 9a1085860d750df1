"""`comms recipients`: the Customer.io list for the incident email, built and checked.

The pure core, in the order a run uses it:

- ``settings.py`` reads the policy's ``recipients:`` section (role values, column
  names, the Customer.io attribute and its Liquid fallback);
- ``table.py`` reads one CSV file into rows (file kind, size, BOM, encoding,
  delimiter, header), the only I/O of the core;
- ``values.py`` judges single values (emails, org names, spreadsheet formulas);
- ``build.py`` keeps the owners and admins of impacted orgs, merges each person's
  orgs into one field and returns the rows, the findings and the summary;
- ``render.py`` turns that into the Customer.io CSV and the text or JSON summary.
"""
