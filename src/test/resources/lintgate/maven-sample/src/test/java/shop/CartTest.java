package shop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CartTest {
    @Test
    void sumsPrices() {
        Cart cart = new Cart();
        cart.add(300);
        cart.add(200);
        assertEquals(500, cart.total());
    }

    @Test
    void addsTax() {
        Cart cart = new Cart();
        cart.add(1000);
        assertEquals(1190, cart.totalWithTax(20));
    }

    @Test
    void rejectsNegativePrices() {
        Cart cart = new Cart();
        cart.add(-5);
        throw new IllegalStateException("negative prices must be rejected");
    }
}
