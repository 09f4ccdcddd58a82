"""Alternative solution: the table's row argmaxes are the whole decoder, so compute them once
(with max and index, which finds the first maximum) and follow them in plain Python."""


def greedy_decode(logits_table, start_token, end_token, max_len):
    rows = [list(map(float, row)) for row in logits_table]
    next_token = [row.index(max(row)) for row in rows]
    tokens = []
    token = start_token
    for _ in range(max_len):
        token = next_token[token]
        tokens.append(token)
        if token == end_token:
            break
    return tokens
