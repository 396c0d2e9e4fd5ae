"""The union catalogue (mục lục liên hợp): records of member libraries that describe one edition,
grouped into a cluster. Grouping never rewrites or deletes a library's record (Decree 93/2020
Art. 26-28; the lesson of merges that moved other libraries' holdings and could not be undone)."""
