import type { APIRoute } from 'astro';
import { searchRecordsJson } from '../../handlers/public';

/** Input of the Pagefind indexer (src/release/search-index.ts), which removes it after indexing. */
export const GET: APIRoute = async () => new Response(await searchRecordsJson());
