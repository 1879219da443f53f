namespace Parley.Cli.Chat;

/// <summary>What the chat console must do after the line editor took a key.</summary>
internal enum LineEditAction
{
    /// <summary>Nothing visible changed.</summary>
    None,

    /// <summary>The line or the cursor changed: redraw it.</summary>
    Redraw,

    /// <summary>Enter: the line is complete (take it with <see cref="LineEditor.TakeLine"/>).</summary>
    Submit,

    /// <summary>Ctrl+C, or Ctrl+D on an empty line.</summary>
    Quit,
}
