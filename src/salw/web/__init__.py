"""The browser adapter: views, templates and vendored static assets."""
