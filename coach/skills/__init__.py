"""Skills: one module per coaching skill, each a pure entry function over typed values."""
