// What the development-only seed route answers (printed by `npm start`).
export interface SeedReport {
  logins: { email: string; workspace: string; role: string }[];
  password: string;
  webhook: { endpoint_id: string; secret: string; url_path: string };
  products: number;
}
