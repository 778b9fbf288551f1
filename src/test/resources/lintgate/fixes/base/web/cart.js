// Cart totals for the shop's web front end.
var legacyRate =  0.19;

function subtotal(lines) {
  let sum = 0;
  for (const line of lines) {
    sum += line.price * line.quantity;
  }
  return sum;
}

function label(item) {
  return item["name"] + " x" + item.quantity;
}

module.exports = { subtotal, label, legacyRate };
