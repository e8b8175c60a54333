"""One module per platform; the module name is the spider's name."""
