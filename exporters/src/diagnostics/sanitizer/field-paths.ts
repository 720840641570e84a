// The first layer: values under field names that are known to hold PII or credentials are
// replaced whole, whatever they look like (a name or a street has no pattern).
/** Field name (lower case, without `_`/`-`) → the kind of value it holds. */
export const PII_FIELDS: Record<string, string> = {
  email: 'email', emailaddress: 'email', contactemail: 'email', billingemail: 'email', customeremail: 'email',
  phone: 'phone', phonenumber: 'phone', mobile: 'phone', telephone: 'phone', tel: 'phone', contactphone: 'phone', supportphone: 'phone',
  name: 'name', firstname: 'name', lastname: 'name', fullname: 'name', customername: 'name', contactname: 'name', cardholder: 'name', holder: 'name',
  address: 'address', street: 'address', line1: 'address', line2: 'address', addressline1: 'address', addressline2: 'address', shippingaddress: 'address', billingaddress: 'address', zip: 'address', postcode: 'address', postalcode: 'address',
  birthdate: 'pii', dateofbirth: 'pii', dob: 'pii', ssn: 'pii', taxid: 'pii', vatid: 'pii', nationalid: 'pii',
  iban: 'iban', accountnumber: 'iban', bic: 'iban',
  card: 'card', cardnumber: 'card', pan: 'card', cvv: 'secret', cvc: 'secret',
  ip: 'ip', ipaddress: 'ip', clientip: 'ip', remoteaddr: 'ip', remoteaddress: 'ip',
  password: 'secret', passwd: 'secret', secret: 'secret', clientsecret: 'secret', token: 'secret', accesstoken: 'secret', refreshtoken: 'secret', apikey: 'secret', apisecret: 'secret', authorization: 'secret', cookie: 'secret', setcookie: 'secret', privatekey: 'secret', signingsecret: 'secret', webhooksecret: 'secret',
};

export const normalizeField = (key: string) => key.toLowerCase().replace(/[_\-\s]/g, '');

/** The kind of PII a field holds, or undefined. */
export function fieldKind(key: string, fields: Record<string, string> = PII_FIELDS): string | undefined {
  return fields[normalizeField(key)];
}
