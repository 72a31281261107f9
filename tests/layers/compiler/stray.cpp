// A fixture of the layer test: a file at the root of compiler/ that is not the driver.
