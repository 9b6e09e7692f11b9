// /products: the workspace's catalogue in SKU order, keyset-paged ("Next" continues after the last SKU shown).
import type { CatalogueProduct } from "../../worker/api/payloads.ts";
import { formatCount } from "../format.ts";
import { Layout, type Viewer } from "../layout/Layout.tsx";
import { ProductsTable } from "./ProductsTable.tsx";

export interface ProductsPageProps {
  viewer: Viewer;
  products: CatalogueProduct[];
  total: number;
  /** The SKU to continue after, when there is a next page. */
  nextAfter: string | null;
  isFirstPage: boolean;
}

export function ProductsPage({ viewer, products, total, nextAfter, isFirstPage }: ProductsPageProps) {
  return (
    <Layout title="Products" viewer={viewer} active="products">
      <p class="lead">
        {formatCount(total)} {total === 1 ? "product" : "products"} in {viewer.principal.workspace.name}.
      </p>
      <ProductsTable products={products} />
      {isFirstPage && !nextAfter ? null : (
        <nav class="pager" aria-label="Pages">
          {isFirstPage ? null : (
            <a class="btn btn-small btn-quiet" href="/products">
              First page
            </a>
          )}
          {nextAfter ? (
            <a class="btn btn-small" rel="next" href={`/products?after=${encodeURIComponent(nextAfter)}`}>
              Next →
            </a>
          ) : null}
        </nav>
      )}
    </Layout>
  );
}
