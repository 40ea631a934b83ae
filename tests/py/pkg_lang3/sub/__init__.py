SUB = "sub-init"
