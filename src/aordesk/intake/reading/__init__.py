"""Reading: from a file that passed the gate to the intermediate rows the checks read."""
