"""One module per page of the web app; each has a `router`."""
