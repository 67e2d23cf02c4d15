import http from 'node:http';
import https from 'node:https';
import type { ITwitterApiClientPlugin } from 'twitter-api-v2';

/**
 * twitter-api-v2 has no base-URL option and always speaks https to api.x.com. This plugin
 * points each request at `baseUrl` after the OAuth 1.0a signature has been computed on the
 * canonical URL, and gives every request a deadline (the library sets none): an idle-socket
 * timeout plus an abort signal for the whole exchange (also fired when the service stops).
 */
export function xBaseUrlPlugin(baseUrl: string, timeoutMs: number, stopSignal?: AbortSignal): ITwitterApiClientPlugin {
  const target = new URL(baseUrl);
  const basePath = target.pathname.replace(/\/+$/, '');
  const agent =
    target.protocol === 'http:'
      ? new http.Agent({ keepAlive: true })
      : new https.Agent({ keepAlive: true });
  const canonical = target.host === 'api.x.com' && basePath === '' && target.protocol === 'https:';
  return {
    onBeforeRequest({ computedParams, requestOptions }) {
      if (!canonical) {
        const url = computedParams.url;
        url.protocol = target.protocol;
        url.host = target.host;
        url.pathname = `${basePath}${url.pathname}`;
      }
      requestOptions.agent = agent;
      requestOptions.timeout = timeoutMs;
      const deadline = AbortSignal.timeout(timeoutMs);
      requestOptions.signal = stopSignal ? AbortSignal.any([deadline, stopSignal]) : deadline;
    },
  };
}
