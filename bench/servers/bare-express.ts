// Scenario (a): bare Express 5 answering the card JSON from memory (the gateway's express settings: no
// x-powered-by, no ETag; Cache-Control: no-store like the gateway's data answers).
import express from 'express';
import { CARD_ANSWER, CARD_ROUTE } from './card-answer.ts';
import { serve } from './child.ts';

const app = express();
app.disable('x-powered-by');
app.set('etag', false);
app.get(CARD_ROUTE, (_req, res) => {
  res.setHeader('Cache-Control', 'no-store');
  res.json(CARD_ANSWER);
});

await serve(app);
