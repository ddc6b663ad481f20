from django import forms, template

register = template.Library()

WIDGET_CLASS = {
    forms.Textarea: "utrecht-textarea",
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.SelectMultiple: "utrecht-select utrecht-select--html-select",
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.RadioSelect: "",
    forms.CheckboxSelectMultiple: "",
}


@register.inclusion_tag("includes/veld.html")
def veld(field):
    """Render a form field NL Design System style: label, help, error tied to the input."""
    widget = field.field.widget
    css = next((c for t, c in WIDGET_CLASS.items() if isinstance(widget, t)), "utrecht-textbox utrecht-textbox--html-input")
    describedby = []
    if field.help_text:
        describedby.append(f"{field.auto_id}_helptext")
    if field.errors:
        describedby.append(f"{field.auto_id}_fout")
        css += " utrecht-textbox--invalid utrecht-select--invalid utrecht-textarea--invalid"
    attrs = {"class": css}
    if describedby:
        attrs["aria-describedby"] = " ".join(describedby)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return {
        "field": field,
        "widget_html": field.as_widget(attrs=attrs),
        "is_checkbox": isinstance(widget, forms.CheckboxInput),
    }
