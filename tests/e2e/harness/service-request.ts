/** One request to the rooms service's JSON API, as the tests make them: an optional JSON body and bearer token. */
export interface ServiceRequest {
  method?: string;
  body?: unknown;
  token?: string;
}

export function serviceRequest(
  serviceUrl: string,
  pathname: string,
  init: ServiceRequest = {},
): Promise<Response> {
  return fetch(`${serviceUrl}${pathname}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}
