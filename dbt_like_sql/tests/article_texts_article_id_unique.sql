-- Each article has one body: article_id is unique in article_texts.
select article_id, count(*) as row_count
from article_texts
group by article_id
having count(*) > 1
