// Prints a new VAPID key pair for Web Push (decision 0012), in the form the edge reads:
//   node scripts/vapid-keys.ts            → lines for .dev.vars
//   npx wrangler secret put VAPID_PRIVATE_KEY   (paste the private key) in production.
// The public key may be public (browsers subscribe with it); the private one is a secret.
// Changing the pair later makes every existing subscription useless: devices subscribe again.
const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
const publicKey = Buffer.from(await crypto.subtle.exportKey('raw', pair.publicKey)).toString('base64url');
const { d } = await crypto.subtle.exportKey('jwk', pair.privateKey);
if (!d) throw new Error('the runtime did not export the private key');
console.log(`VAPID_PUBLIC_KEY=${publicKey}`);
console.log(`VAPID_PRIVATE_KEY=${d}`);
console.log('VAPID_SUBJECT=mailto:you@example.com');
