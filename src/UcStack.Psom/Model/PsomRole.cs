namespace UcStack.Psom;

/// <summary>A conference role as the focus grants it in the admission token.</summary>
public enum PsomRole
{
    /// <summary>May read everything, and create or change only where an object type allows attendees.</summary>
    Attendee = 1,

    /// <summary>May create, modify and delete any object.</summary>
    Presenter = 2,
}
