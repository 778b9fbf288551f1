"""Order API helpers."""


def shipping(order):
    return 0 if order.total > 50 else 5
