// The catalogue as a table: SKU, title, origin, customs value, HS code and who set it.
import type { CatalogueProduct } from "../../worker/api/payloads.ts";

const money = (value: number, currency: string) => {
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency }).format(value);
  } catch {
    return `${value.toFixed(2)} ${currency}`;
  }
};

function HsSource({ product }: { product: CatalogueProduct }) {
  if (!product.hsCode) return <span class="muted">Unclassified</span>;
  if (product.hsSource === "rule") {
    const confidence = product.confidence === null ? "" : ` (${Math.round(product.confidence * 100)}%)`;
    return <span title={product.matchedRule ?? undefined}>{`Classifier${confidence}`}</span>;
  }
  return <span>Imported</span>;
}

export function ProductsTable({ products }: { products: CatalogueProduct[] }) {
  return (
    <div class="table-wrap">
      <table class="products-table">
        <thead>
          <tr>
            <th scope="col">SKU</th>
            <th scope="col">Title</th>
            <th scope="col">Origin</th>
            <th scope="col">Customs value</th>
            <th scope="col">HS code</th>
            <th scope="col">Classified by</th>
          </tr>
        </thead>
        <tbody>
          {products.length === 0 ? (
            <tr class="empty-row">
              <td colspan={6}>No products yet. Import a CSV under Imports &amp; Exports.</td>
            </tr>
          ) : (
            products.map((p) => (
              <tr>
                <td data-label="SKU">
                  <code>{p.sku}</code>
                </td>
                <td data-label="Title">{p.title}</td>
                <td data-label="Origin">{p.originCountry}</td>
                <td data-label="Customs value" class="num">
                  {money(p.customsValue, p.currency)}
                </td>
                <td data-label="HS code">{p.hsCode ? <code>{p.hsCode}</code> : <span class="muted">—</span>}</td>
                <td data-label="Classified by">
                  <HsSource product={p} />
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
