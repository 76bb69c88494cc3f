-- Each article is read once: article_id is unique in articles.
select article_id, count(*) as row_count
from articles
group by article_id
having count(*) > 1
