"""What a browser would send for a page's form, read from its HTML (the bench and the load run
post the log form as a person does: its hidden fields, one-time token included, and its
defaults, with the fields they fill in on top).

Only the standard library, so that the locustfile can use it too.
"""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_class):
        super().__init__(convert_charrefs=True)
        self.form_class = form_class
        self.inside = False
        self.done = False
        self.fields = {}
        self.select = None  # (name, first option value, selected value)
        self.option = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.done:
            return
        if tag == "form":
            classes = (attrs.get("class") or "").split()
            wanted = self.form_class is None or self.form_class in classes
            self.inside = wanted and (attrs.get("method") or "get").lower() == "post"
            return
        if not self.inside or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in {"submit", "button", "reset", "image", "file"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.fields.setdefault(name, []).append(attrs.get("value") or "on")
                return
            self.fields[name] = [attrs.get("value") or ""]
        elif tag == "select" and name:
            self.select = [name, None, None]
        elif tag == "option" and self.select is not None:
            value = attrs.get("value", "")
            if self.select[1] is None:
                self.select[1] = value
            if "selected" in attrs:
                self.select[2] = value
        elif tag == "textarea" and name:
            self.textarea = [name, ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside, self.done = False, True
        elif tag == "select" and self.select is not None:
            name, first, chosen = self.select
            value = chosen if chosen is not None else first
            if value is not None:
                self.fields[name] = [value]
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            name, text = self.textarea
            self.fields[name] = [text.removeprefix("\n")]
            self.textarea = None


def form_fields(html, form_class=None):
    """The fields of the page's first POST form (of CSS class ``form_class`` when given) as a
    browser would submit them untouched: name -> list of values."""
    reader = _FormReader(form_class)
    reader.feed(html)
    reader.close()
    return reader.fields
