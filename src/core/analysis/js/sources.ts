/** Names and labels of the places untrusted data comes from, by the object it is read from. */

/** What a binding stands for, when it matters to the analysis. */
export type Role = 'request' | 'response' | 'ctx' | 'message' | 'lambda' | 'route' | 'searchParams' | 'formData';

/** Fields of an HTTP request object (Express, Fastify, Hapi, Next.js, Node http) that carry client data. */
export const REQUEST_FIELDS: Readonly<Record<string, { label: string; fieldLabel?: string }>> = {
  params: { label: 'request parameters', fieldLabel: 'request parameter' },
  query: { label: 'query string', fieldLabel: 'query parameter' },
  body: { label: 'request body', fieldLabel: 'request body field' },
  headers: { label: 'request headers', fieldLabel: 'request header' },
  cookies: { label: 'cookies', fieldLabel: 'cookie' },
  signedCookies: { label: 'cookies', fieldLabel: 'cookie' },
  files: { label: 'uploaded files', fieldLabel: 'uploaded file' },
  file: { label: 'uploaded file', fieldLabel: 'uploaded file field' },
  payload: { label: 'request payload', fieldLabel: 'request payload field' },
  url: { label: 'request URL' },
  originalUrl: { label: 'request URL' },
  path: { label: 'request path' },
  querystring: { label: 'query string' },
  search: { label: 'query string' },
  nextUrl: { label: 'request URL', fieldLabel: 'request URL' },
  hostname: { label: 'Host header' },
};

/** Methods of a request object that return client data. */
export const REQUEST_METHODS: Readonly<Record<string, string>> = {
  json: 'request body',
  formData: 'form data',
  text: 'request body',
  get: 'request header',
  header: 'request header',
  param: 'request parameter',
};

/** AWS Lambda and similar function events. */
export const LAMBDA_FIELDS: Readonly<Record<string, { label: string; fieldLabel?: string }>> = {
  body: { label: 'Lambda event body', fieldLabel: 'Lambda event body field' },
  queryStringParameters: { label: 'Lambda query string', fieldLabel: 'query parameter' },
  multiValueQueryStringParameters: { label: 'Lambda query string', fieldLabel: 'query parameter' },
  pathParameters: { label: 'Lambda path parameters', fieldLabel: 'path parameter' },
  headers: { label: 'Lambda event headers', fieldLabel: 'request header' },
  rawQueryString: { label: 'Lambda query string' },
  rawPath: { label: 'Lambda path' },
};

export const LOCATION_FIELDS: ReadonlySet<string> = new Set(['href', 'hash', 'search', 'pathname', 'toString']);
export const DOCUMENT_FIELDS: ReadonlySet<string> = new Set(['URL', 'documentURI', 'baseURI', 'referrer', 'cookie']);

/** Parameter names that stand for a request, a response or a Koa context when nothing else says so. */
export function roleByName(name: string): Role | undefined {
  switch (name) {
    case 'req':
    case 'request':
      return 'request';
    case 'res':
    case 'response':
    case 'reply':
      return 'response';
    case 'ctx':
      return 'ctx';
    default:
      return undefined;
  }
}

/** Express, Koa, Fastify and Hapi router methods whose function arguments are request handlers. */
export const ROUTE_METHODS: ReadonlySet<string> = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'use', 'options', 'head', 'route', 'handler']);

/** Exported Next.js App Router handlers: their first parameter is the request. */
export const NEXT_HANDLERS: ReadonlySet<string> = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
