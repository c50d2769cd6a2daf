"""The weekly help-volume digest for coordinators: content (figures), charts, rendering, delivery."""
