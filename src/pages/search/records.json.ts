import type { APIRoute } from 'astro';
import { searchRecordsJson } from '../../lib/public-pages';

/** Input of the Pagefind indexer (src/release/search-index.ts), which removes it after indexing. */
export const GET: APIRoute = async () => new Response(await searchRecordsJson());
