"""The inbox: what clients send to the firm (deposits, messages) and its limits."""
