namespace Herald.Server;

/// <summary>The page at /: where the web console and the API reference are, and how to send a first message.</summary>
internal static class Landing
{
    public const string Html = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Herald</title>
        <style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:3rem auto;padding:0 1rem}code,pre{background:#f3f3f3;border-radius:4px}pre{padding:1rem;overflow:auto}</style>
        </head><body>
        <h1>Herald is running</h1>
        <p>Proactive messages over WhatsApp, SMS and Viber, with each channel's rules enforced before anything is sent.</p>
        <ul>
          <li><a href="/console">Web console</a> (sign in as the first admin: HERALD_ADMIN_EMAIL, default admin@herald.local, with HERALD_ADMIN_PASSWORD)</li>
          <li><a href="/docs">Interactive API reference</a> (OpenAPI document at <a href="/openapi/v1.json">/openapi/v1.json</a>)</li>
          <li><a href="/health/ready">Health</a></li>
        </ul>
        <h2>Send a first message through the sandbox</h2>
        <pre>curl -s localhost:5080/v1/messages -H "Authorization: Bearer $HERALD_BOOTSTRAP_KEY" \
          -H "Content-Type: application/json" \
          -d '{"to":"+14155550123","channel":"sms","text":"Your order has shipped"}'</pre>
        </body></html>
        """;
}
