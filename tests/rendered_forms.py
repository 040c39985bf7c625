"""A page's form read from its HTML, as a browser submits it: every field the page rendered,
and nothing the page did not. A test that posts this back finds a field the form needs but the
page leaves out, which a test building its own data would hide."""

from html.parser import HTMLParser

UNSUBMITTED_INPUTS = {"submit", "button", "reset", "image", "file"}


class FormFields(HTMLParser):
    """The successful controls of the form with the given id (or of the page's first form)."""

    def __init__(self, form_id=None):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.in_form = False
        self.done = False
        self.fields = []  # (name, value), in page order
        self.select = None  # [name, multiple, options [(value, selected)]]
        self.option = None  # [value or None, text, selected]
        self.textarea = None  # [name, text]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and not self.in_form and not self.done:
            self.in_form = self.form_id is None or attrs.get("id") == self.form_id
            return
        if not self.in_form or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in UNSUBMITTED_INPUTS:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.fields.append((name, attrs.get("value") or "on"))
                return
            self.fields.append((name, attrs.get("value") or ""))
        elif tag == "select" and name:
            self.select = [name, "multiple" in attrs, []]
        elif tag == "option" and self.select is not None:
            self.option = [attrs.get("value"), "", "selected" in attrs]
        elif tag == "textarea" and name:
            self.textarea = [name, ""]

    def handle_data(self, data):
        if self.option is not None:
            self.option[1] += data
        elif self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "option" and self.option is not None:
            self.close_option()
        elif tag == "select" and self.select is not None:
            self.close_option()
            name, multiple, options = self.select
            chosen = [value for value, selected in options if selected]
            if not chosen and options and not multiple:
                chosen = [options[0][0]]  # a single choice with none marked submits the first
            self.fields.extend((name, value) for value in (chosen if multiple else chosen[-1:]))
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            name, text = self.textarea
            # The parser keeps the newline that HTML drops right after <textarea>.
            self.fields.append((name, text[1:] if text.startswith("\n") else text))
            self.textarea = None
        elif tag == "form" and self.in_form:
            self.in_form, self.done = False, True

    def close_option(self):
        if self.option is not None:
            value, text, selected = self.option
            self.select[2].append((text.strip() if value is None else value, selected))
            self.option = None


def rendered_form(html, form_id=None):
    """{name: value, or a list of values for a name submitted more than once}."""
    parser = FormFields(form_id)
    parser.feed(html)
    parser.close()
    data = {}
    for name, value in parser.fields:
        data.setdefault(name, []).append(value)
    return {name: values[0] if len(values) == 1 else values for name, values in data.items()}


def opened_change_form(client, url):
    """GET an admin change page; its form as the browser would post it back, unchanged."""
    response = client.get(url)
    assert response.status_code == 200
    model_name = response.context["opts"].model_name
    return rendered_form(response.content.decode(), form_id=f"{model_name}_form")
