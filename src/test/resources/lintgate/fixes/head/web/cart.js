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

function total(lines, shipping) {
  let base = subtotal(lines);
  var discount = lines.length > 3 ? 5 : 0;
  const unusedNote = "free shipping soon";
  return base - discount + shipping["cents"];
}

function tax(amount,rate){ return amount*rate }

module.exports = { subtotal, label, legacyRate, total, tax };
