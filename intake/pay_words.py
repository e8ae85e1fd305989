"""The words notices use for paying, in one place: offices write 缴费, 缴纳, 缴交, 交纳, 交费 and a
bare 缴/交 for the same act, and 征缴, 征收, 筹资 for the collection (居民医保费 缴纳 / 征收 /
集中缴交期 — all printed by real notices and reports). Every reader that looks for "paying" —
the window's name, a person's part, 无需缴费, who pays outside the window — uses these, so a
notice reworded with a synonym is read as the one it rewords."""

_TWO = "缴费|缴纳|缴交|交纳|交费"
# the act of paying, as a noun or verb of two characters
PAYING = rf"(?:{_TWO})"
# a collection: paying, or the office's word for collecting it
COLLECTING = rf"(?:{_TWO}|征缴|征收|筹资)"
# a person pays an amount: the two-character words, or 缴 / 交 right before the amount (个人交90元;
# not 交通, 交流, 提交) — or at the end of the words read before an amount, which stop there
PAYS = rf"(?:{_TWO}|缴|交(?=\s*(?:[0-9０-９一二三四五六七八九十两]|$)))"
# 个人仍缴, 个人依旧缴纳, 个人另需缴: the adverbs between the payer and the verb
STILL = r"(?:另需|只需|仍需|还需|需要|需|要|应|实际|仍然|依旧|依然|照旧|继续|仍|也|只|仅|另|均)"
# no payment: 个人无需缴费, 个人不用交纳
NO_PAY = r"(?:不需|无需|不再|不用|不必)" + PAYING
# a question about paying (交多少钱？, 什么时候交？, 在哪里缴？): a Q&A page's word for it
ASKS_PAYING = r"(?:[缴交](?:多少|几|钱)|(?:什么时候|何时|哪天|哪里|在哪|怎么|怎样|如何)(?:缴|交))"
