# Arabic as newsrooms print it with Western digits (CLDR's ar-u-nu-latn): "130,000" and
# "12.5", so a figure reads the same in a quote, a chart and the page. Django's own Arabic
# formats group thousands with a full stop, which reads as a decimal point beside these.
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j/n/Y"
DATETIME_FORMAT = "j F Y، H:i"
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
FIRST_DAY_OF_WEEK = 6  # Saturday
