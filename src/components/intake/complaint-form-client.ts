// Hydrates the server-rendered complaint form (no inline script: this file is bundled by Astro
// into /_astro/*.js, which the CSP's script-src 'self' allows).
import './zod-jitless'; // first: before the schemas are built
import { h, hydrate } from 'preact';
import { ComplaintForm, type ComplaintFormProps } from './ComplaintForm';

const root = document.getElementById('complaint-form-root');
const props = root?.dataset['props'];
if (root && props) hydrate(h(ComplaintForm, JSON.parse(props) as ComplaintFormProps), root);
