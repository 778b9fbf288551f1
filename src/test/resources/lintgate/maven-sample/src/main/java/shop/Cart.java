package shop;

import java.util.*;

public class Cart {
    private List<Integer> prices = new ArrayList<>();

    public void add(int price) { prices.add(price); }

    public int total() {
        int sum = 0;
        for (int p : prices) sum += p;
        return sum;
    }

    public int totalWithTax(int percent) {
        return total() + total() * percent / 100;
    }
}
