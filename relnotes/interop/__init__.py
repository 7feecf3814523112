"""Reading and writing other tools' formats (vCard, CSV, iCalendar): text in, text out."""
