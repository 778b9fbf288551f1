"""Order API helpers."""
import os


def shipping(order):
    return 0 if order.total > 50 else 5


def discount(order):
    if order.coupon == None:
        return 0
    return order.coupon.percent
