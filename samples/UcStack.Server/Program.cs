using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using UcStack.Server;
using UcStack.Server.Web;

// The sample UC server: `dotnet run --project samples/UcStack.Server` serves example.org on 127.0.0.1
// (SIP UDP/TCP 5060, TLS 5061, federation mutual TLS 5062, TURN 3478, Psom 8057, HTTPS 8443) with the demo users
// alice/alicepass and bob/bobpass. Settings come from an optional JSON file (--config server.json) and the
// command line (--Server:Sip:Domain=example.net); see docs/server.md. Ctrl+C or SIGTERM stops it gracefully.
var builder = Host.CreateApplicationBuilder(args);
if (builder.Configuration["config"] is { Length: > 0 } file)
{
    builder.Configuration.AddJsonFile(Path.GetFullPath(file), optional: false);
    builder.Configuration.AddCommandLine(args); // the command line still wins over the file
}

builder.Services.AddUcServer(builder.Configuration);
builder.Services.AddUcHttpsServices(builder.Configuration);
await builder.Build().RunAsync().ConfigureAwait(false);
