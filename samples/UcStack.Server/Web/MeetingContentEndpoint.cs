using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using UcStack.C3P;
using UcStack.Psom;

namespace UcStack.Server.Web;

/// <summary>
/// <c>GET /content/{conferenceId}/{name}</c> (and <c>GET /content/{name}</c>, see <see cref="HandleByIdAsync"/>): the
/// ciphertext of meeting content the Psom server stored, where
/// <c>name</c> is the content id (the last segment of the <c>ucs.content</c> object's <c>contentUrl</c>). The
/// conference's stored objects must list that content, so one conference's id cannot fetch another's content.
/// Participants decrypt with the <c>contentKey</c> they got over Psom; this endpoint never sees plaintext.
/// </summary>
/// <remarks>
/// The Psom parts (<see cref="IPsomObjectStore"/> and <see cref="PsomContentService"/>) and the
/// <see cref="ConferenceFocusFactory"/> are resolved per request from the host's services, so the endpoint works
/// whatever order the hosted services start in and answers 503 while a part is missing. Thread-safe.
/// </remarks>
internal sealed class MeetingContentEndpoint(IServiceProvider services)
{
    /// <summary>The longest conference id or content name accepted.</summary>
    public const int MaxSegmentLength = 128;

    /// <summary>Answers one request.</summary>
    /// <param name="context">The request.</param>
    /// <returns>Completes when answered.</returns>
    public async Task HandleAsync(HttpContext context)
    {
        var conferenceId = context.Request.RouteValues["conferenceId"] as string;
        var name = context.Request.RouteValues["name"] as string;
        if (!IsSegment(conferenceId) || !IsSegment(name))
        {
            await HttpResponses.ErrorAsync(context, StatusCodes.Status400BadRequest,
                $"Conference id and content name are 1 to {MaxSegmentLength} letters, digits, '.', '-' or '_'.").ConfigureAwait(false);
            return;
        }

        var store = services.GetService<IPsomObjectStore>();
        var contents = services.GetService<PsomContentService>();
        if (store is null || contents is null)
        {
            var missing = store is null ? "Psom object store" : "Psom content service";
            await HttpResponses.ErrorAsync(context, StatusCodes.Status503ServiceUnavailable,
                $"Meeting content is not available: this server runs no {missing}.").ConfigureAwait(false);
            return;
        }

        var user = HttpResponses.User(context);
        var refusal = await CheckParticipantAsync(conferenceId!, user, context.RequestAborted).ConfigureAwait(false);
        if (refusal is not null)
        {
            await HttpResponses.ErrorAsync(context, refusal.Value.Status, refusal.Value.Message).ConfigureAwait(false);
            return;
        }

        if (!await HoldsContentAsync(store, conferenceId!, name!, context.RequestAborted).ConfigureAwait(false))
        {
            await HttpResponses.ErrorAsync(context, StatusCodes.Status404NotFound, $"Conference '{conferenceId}' has no content '{name}'.").ConfigureAwait(false);
            return;
        }

        await SendAsync(context, contents, name!).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>GET /content/{name}</c>, the URL the Psom content service hands out (<c>contentUrl</c>, which names no
    /// conference): served when a conference in which the user has an open Psom session holds that content. The Psom
    /// session is the proof of participation (its admission token came from the focus).
    /// </summary>
    /// <param name="context">The request.</param>
    /// <returns>Completes when answered.</returns>
    public async Task HandleByIdAsync(HttpContext context)
    {
        var name = context.Request.RouteValues["name"] as string;
        if (!IsSegment(name))
        {
            await HttpResponses.ErrorAsync(context, StatusCodes.Status400BadRequest,
                $"A content name is 1 to {MaxSegmentLength} letters, digits, '.', '-' or '_'.").ConfigureAwait(false);
            return;
        }

        var store = services.GetService<IPsomObjectStore>();
        var contents = services.GetService<PsomContentService>();
        var psom = services.GetService<PsomServer>();
        if (store is null || contents is null || psom is null)
        {
            var missing = store is null ? "Psom object store" : contents is null ? "Psom content service" : "Psom server";
            await HttpResponses.ErrorAsync(context, StatusCodes.Status503ServiceUnavailable,
                $"Meeting content is not available: this server runs no {missing}.").ConfigureAwait(false);
            return;
        }

        var user = HttpResponses.User(context);
        var conferences = psom.Sessions.Where(s => s.User == user.Name || C3PAddress.SameUri(s.User, user.Uri)).Select(s => s.ConferenceId).Distinct(StringComparer.Ordinal);
        foreach (var conferenceId in conferences)
        {
            if (await HoldsContentAsync(store, conferenceId, name!, context.RequestAborted).ConfigureAwait(false))
            {
                await SendAsync(context, contents, name!).ConfigureAwait(false);
                return;
            }
        }

        await HttpResponses.ErrorAsync(context, StatusCodes.Status404NotFound,
            $"No conference in which {user.Uri} has an open Psom session holds content '{name}'.").ConfigureAwait(false);
    }

    private static async Task<bool> HoldsContentAsync(IPsomObjectStore store, string conferenceId, string name, CancellationToken cancellationToken)
    {
        var state = await store.LoadAsync(conferenceId, cancellationToken).ConfigureAwait(false);
        return state is not null && state.Objects.Any(o => IsContent(o, name));
    }

    private static async Task SendAsync(HttpContext context, PsomContentService contents, string name)
    {
        if (!contents.TryGetBlob(name, out var blob))
        {
            // The Psom README: blobs live in memory, so after a restart the object survives but its bytes do not.
            await HttpResponses.ErrorAsync(context, StatusCodes.Status404NotFound,
                $"The bytes of content '{name}' are no longer stored (they are kept in memory and lost on restart).").ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = blob.Length;
        context.Response.Headers.CacheControl = "private, no-store";
        await context.Response.Body.WriteAsync(blob, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Only participants (or the organizer) may download, when the focus factory can tell; otherwise any
    /// authenticated user (docs/https.md).</summary>
    private async Task<(int Status, string Message)?> CheckParticipantAsync(string conferenceId, AuthenticatedUser user, CancellationToken cancellationToken)
    {
        var factory = services.GetService<ConferenceFocusFactory>();
        if (factory is null) return null;
        var focus = await factory.GetFocusAsync(conferenceId, cancellationToken).ConfigureAwait(false);
        if (focus is null) return (StatusCodes.Status404NotFound, $"There is no conference '{conferenceId}'.");
        if (focus.IsParticipant(user.Uri) || C3PAddress.SameUri(focus.Organizer, user.Uri)) return null;
        return (StatusCodes.Status403Forbidden, $"{user.Uri} is not a participant of conference '{conferenceId}'.");
    }

    private static bool IsContent(PsomObject item, string name)
    {
        if (item.TypeName != PsomObjectTypes.Content) return false;
        var url = item["contentUrl"];
        if (url.Kind != PsomValueKind.Text) return false;
        var text = url.AsText();
        var slash = text.LastIndexOf('/');
        return text.AsSpan(slash + 1).Equals(name, StringComparison.Ordinal);
    }

    private static bool IsSegment(string? value) =>
        value is { Length: > 0 and <= MaxSegmentLength } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');
}
