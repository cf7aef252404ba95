using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace UcStack.Server.Web;

/// <summary>The authenticated user of a request, set by the authentication middleware before any service runs.</summary>
/// <param name="Name">The user name (the user file's).</param>
/// <param name="Uri">The user's address of record, <c>sip:name@domain</c>.</param>
internal sealed record AuthenticatedUser(string Name, string Uri);

/// <summary>Writes the services' JSON bodies.</summary>
internal static class HttpResponses
{
    private const string JsonContentType = "application/json; charset=utf-8";

    /// <summary>The authenticated user (the middleware guarantees one on every request that reaches a service).</summary>
    /// <param name="context">The request.</param>
    /// <returns>The user.</returns>
    public static AuthenticatedUser User(HttpContext context) =>
        context.Features.Get<AuthenticatedUser>() ?? throw new InvalidOperationException("The request reached a service without authentication.");

    /// <summary>Writes a JSON body.</summary>
    /// <typeparam name="T">The body type.</typeparam>
    /// <param name="context">The request.</param>
    /// <param name="status">The status code.</param>
    /// <param name="value">The body.</param>
    /// <param name="type">Its source-generated type information.</param>
    /// <returns>Completes when written.</returns>
    public static Task JsonAsync<T>(HttpContext context, int status, T value, JsonTypeInfo<T> type)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = JsonContentType;
        // The answers are per user (search results, conference content): no shared caches.
        context.Response.Headers.CacheControl = "private, no-store";
        return JsonSerializer.SerializeAsync(context.Response.Body, value, type, context.RequestAborted);
    }

    /// <summary>Writes an error body <c>{"status":…,"error":"…"}</c>.</summary>
    /// <param name="context">The request.</param>
    /// <param name="status">The status code.</param>
    /// <param name="error">What went wrong.</param>
    /// <returns>Completes when written.</returns>
    public static Task ErrorAsync(HttpContext context, int status, string error) =>
        JsonAsync(context, status, new ErrorResult(status, error), HttpsJsonContext.Default.ErrorResult);
}
