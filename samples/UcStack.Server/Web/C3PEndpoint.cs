using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using UcStack.C3P;

namespace UcStack.Server.Web;

/// <summary>
/// <c>POST /c3p</c>: the C3P HTTPS binding. Mounts <see cref="C3PHttpHandler"/> in front of the host's
/// <see cref="ConferenceFocusFactory"/> (resolved per request; 503 while none is registered), with the caller being
/// the user the request authenticated as, so a request's <c>from</c> must be that user (the factory checks it).
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class C3PEndpoint(IServiceProvider services, int maxRequestBytes)
{
    /// <summary>Answers one request.</summary>
    /// <param name="context">The request.</param>
    /// <returns>Completes when answered.</returns>
    public async Task HandleAsync(HttpContext context)
    {
        var factory = services.GetService<ConferenceFocusFactory>();
        if (factory is null)
        {
            await HttpResponses.ErrorAsync(context, StatusCodes.Status503ServiceUnavailable,
                "Conferencing is not available: this server runs no C3P focus factory.").ConfigureAwait(false);
            return;
        }

        var caller = new C3PCaller(HttpResponses.User(context).Uri, IsAuthenticated: true);
        // The handler's callback knows nothing of the request, so the caller is bound per request: one small object.
        var handler = new C3PHttpHandler((request, cancellationToken) => factory.HandleAsync(request, caller, cancellationToken), maxRequestBytes);
        await handler.HandleAsync(context.Request.Body, context.Request.ContentType, (status, contentType) =>
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            return context.Response.Body;
        }, context.RequestAborted).ConfigureAwait(false);
    }
}
