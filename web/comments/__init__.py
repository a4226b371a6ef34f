"""Comments on the public pages: the thread under a proposal, an agreement or a contribution of the
public (``threads``), and the forms that post, edit and withdraw one (``pages``)."""
