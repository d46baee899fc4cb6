"""The command line: one command per job, a thin layer that parses arguments, calls the library and
renders the result. Each group of commands lives in its own module and registers itself in ``main``."""
