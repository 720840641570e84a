// The first layer: values under field names (or parent.field paths) known to hold PII or
// credentials are replaced whole, whatever they look like (a name or a street has no pattern).
/** Field name (lower case, without `_`/`-`) → the kind of value it holds. */
export const PII_FIELDS: Record<string, string> = {
  email: 'email', emailaddress: 'email', contactemail: 'email', billingemail: 'email', customeremail: 'email',
  phone: 'phone', phonenumber: 'phone', mobile: 'phone', telephone: 'phone', tel: 'phone', contactphone: 'phone', supportphone: 'phone',
  firstname: 'name', lastname: 'name', fullname: 'name', customername: 'name', contactname: 'name', cardholder: 'name', holder: 'name',
  address: 'address', street: 'address', line1: 'address', line2: 'address', addressline1: 'address', addressline2: 'address', shippingaddress: 'address', billingaddress: 'address', zip: 'address', postcode: 'address', postalcode: 'address',
  birthdate: 'pii', dateofbirth: 'pii', dob: 'pii', ssn: 'pii', taxid: 'pii', vatid: 'pii', nationalid: 'pii',
  iban: 'iban', accountnumber: 'iban', bic: 'iban',
  card: 'card', cardnumber: 'card', pan: 'card', cvv: 'secret', cvc: 'secret',
  ip: 'ip', ipaddress: 'ip', clientip: 'ip', remoteaddr: 'ip', remoteaddress: 'ip',
  password: 'secret', passwd: 'secret', secret: 'secret', clientsecret: 'secret', token: 'secret', accesstoken: 'secret', refreshtoken: 'secret', apikey: 'secret', apisecret: 'secret', authorization: 'secret', cookie: 'secret', setcookie: 'secret', privatekey: 'secret', signingsecret: 'secret', webhooksecret: 'secret',
};

/** `parent.field` paths for names that are PII only under a person (an integration's `name` is not). */
export const PII_PATHS: Record<string, string> = {
  'customer.name': 'name', 'contact.name': 'name', 'billing.name': 'name', 'shipping.name': 'name', 'recipient.name': 'name', 'user.name': 'name', 'buyer.name': 'name', 'owner.name': 'name',
  'customer.city': 'address', 'billing.city': 'address', 'shipping.city': 'address',
};

export const normalizeField = (key: string) => key.toLowerCase().replace(/[_\-\s]/g, '');

/** The kind of PII a field holds, or undefined. */
export function fieldKind(key: string, parent: string | undefined, fields: Record<string, string> = PII_FIELDS, paths: Record<string, string> = PII_PATHS): string | undefined {
  if (parent !== undefined) {
    const p = normalizeField(parent);
    const k = normalizeField(key);
    const byPath = paths[`${p}.${k}`] ?? paths[`${p.replace(/s$/, '')}.${k}`]; // `customers: [{name}]` too
    if (byPath) return byPath;
  }
  return fields[normalizeField(key)];
}
