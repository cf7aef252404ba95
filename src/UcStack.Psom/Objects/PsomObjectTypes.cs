namespace UcStack.Psom;

/// <summary>
/// Type names of the ready-made object types (docs/psom-protocol.md §6). Other names may be used freely by
/// presenters; attendees may only act where <see cref="PsomAccessPolicy"/> allows.
/// </summary>
public static class PsomObjectTypes
{
    /// <summary>The conference root (id 1), made by the server.</summary>
    public const string Conference = "ucs.conference";

    /// <summary>A slide deck: <c>title</c>, <c>contentUrl</c>, <c>contentKey</c>, <c>pageCount</c>, <c>currentPage</c>.</summary>
    public const string SlideDeck = "ucs.slideDeck";

    /// <summary>A whiteboard; attendees may add strokes while <c>attendeesMayDraw</c> is true.</summary>
    public const string Whiteboard = "ucs.whiteboard";

    /// <summary>A whiteboard stroke: <c>points</c> (bytes: big-endian int32 x,y pairs), <c>color</c>, <c>width</c>.</summary>
    public const string Stroke = "ucs.stroke";

    /// <summary>A poll: <c>question</c>, <c>choices</c> (newline-separated), <c>closed</c>; method <c>tally</c>.</summary>
    public const string Poll = "ucs.poll";

    /// <summary>A vote under a poll: <c>choice</c> (0-based index). Attendees may vote while the poll is open.</summary>
    public const string PollVote = "ucs.pollVote";

    /// <summary>A Q&amp;A board; attendees may ask questions under it.</summary>
    public const string QuestionBoard = "ucs.qa";

    /// <summary>A question: <c>text</c>, and <c>answer</c> set by a presenter.</summary>
    public const string Question = "ucs.question";

    /// <summary>Uploaded content, made by the server: <c>contentUrl</c>, <c>contentKey</c>, <c>mediaType</c>, <c>length</c>, <c>sha256</c>.</summary>
    public const string Content = "ucs.content";
}
